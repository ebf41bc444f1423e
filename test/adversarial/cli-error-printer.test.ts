import { main } from '../../src/client/cli';
import { connectClient } from '../../src/temporal/connection';

// The probe command's first step after loadConfig; making it fail stands for any command's failure.
jest.mock('../../src/temporal/connection', () => ({ connectClient: jest.fn() }));
const failing = connectClient as jest.MockedFunction<typeof connectClient>;

async function printed(thrown: unknown): Promise<{ code: number; output: string }> {
  failing.mockRejectedValueOnce(thrown);
  const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    const code = await main(['node', 'orcastrate', 'probe']);
    return { code, output: error.mock.calls.map((call) => call.map(String).join(' ')).join('\n') };
  } finally {
    error.mockRestore();
  }
}

describe("the CLI's top-level error printer", () => {
  it('redacts credentials in an error message', async () => {
    const { code, output } = await printed(new Error('cannot reach postgres://orca:s3cret@db:5432/x'));
    expect(code).toBe(1);
    expect(output).toBe('orcastrate: cannot reach postgres://orca:***@db:5432/x');
  });

  it('redacts credentials in something thrown that is not an Error', async () => {
    const { output } = await printed('password=s3cret host=db');
    expect(output).toBe('orcastrate: password=*** host=db');
  });

  it('says more than "orcastrate: " for an error without a message', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:7233'), { code: 'ECONNREFUSED' });
    const { output } = await printed(new AggregateError([refused], ''));
    expect(output).toBe('orcastrate: connect ECONNREFUSED 127.0.0.1:7233');
  });
});
