import { jobIdentifier } from '../../src/campaign/fields';
import { resetFailedOptionsProblem } from '../../src/workflows/messages';

// Pipeline job ids (`<structure>/<step>`) reach workflow ids, directories and operator requests:
// two identifiers joined by one slash, never a path that climbs out or an extra level.
describe('pipeline job ids', () => {
  it.each(['row-000001', 'row-000001/opt', 'a.b/c_d-1'])('accepts %s', (id) => {
    expect(jobIdentifier.safeParse(id).success).toBe(true);
  });

  it.each([
    'row-000001/../x',
    '../row',
    'row/opt/x',
    '/row',
    'row/',
    'row//opt',
    'row/.hidden',
    'row/op t',
    '',
  ])('refuses %j', (id) => {
    expect(jobIdentifier.safeParse(id).success).toBe(false);
  });

  it('refuses such ids in a reset request, naming the field', () => {
    expect(resetFailedOptionsProblem({ jobIds: ['row-000001/opt', 'row-000001/../../etc'] })).toMatch(
      /jobIds\.1/,
    );
    expect(resetFailedOptionsProblem({ jobIds: ['row-000001/opt'] })).toBeUndefined();
  });
});
