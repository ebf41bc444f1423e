import { ApplicationFailure } from '@temporalio/common';
import { EngineError } from '../../../src/active-learning/engine-errors';
import { engineFailure } from '../../../src/activities/active-learning';

describe('engine failures as activity failures', () => {
  it.each([
    ['EngineInputMissing', true],
    ['EngineNotBuilt', true],
    ['EngineFailed', false],
    ['EngineOutputMissing', false],
    ['EngineOutputInvalid', false],
  ] as const)('%s becomes an ApplicationFailure of that type (non-retryable: %s)', (type, nonRetryable) => {
    const failure = engineFailure(new EngineError(type, `the ${type} message`));
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type, nonRetryable, message: `the ${type} message` });
  });

  it('passes other errors through unchanged (they are classified like any activity error)', () => {
    const error = new Error('connection refused');
    expect(engineFailure(error)).toBe(error);
  });
});
