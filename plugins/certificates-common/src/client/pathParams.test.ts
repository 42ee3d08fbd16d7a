import { checkPathParam, PathParamError } from './pathParams';

describe('path parameters', () => {
  it.each([
    ['id', '0f8fad5b-d9cb-469f-a165-70867728950e'],
    ['team', 'team-a'],
    ['name', 'api-shop-example-com'],
    ['name', 'wildcard---shop-example-com'],
    ['name', 'legacy.cert.on-a-cluster'],
  ] as const)('%s %s passes', (param, value) => {
    expect(checkPathParam(param, value)).toBe(value);
  });

  it.each([
    ['id', 'xyz', 'id: must be a request id'],
    ['batchId', 'b1', 'id: must be a bulk request id'],
    ['team', 'Team-A', 'team: must be a team name'],
    ['team', ['team-a', 'team-b'], 'team: must be a team name'],
    ['name', 'a..b', 'name: must be a certificate name'],
    ['name', '-api', 'name: must be a certificate name'],
    ['name', 'a'.repeat(254), 'name: must be a certificate name'],
  ] as const)(
    '%s %j is refused naming the parameter',
    (param, value, message) => {
      expect(() => checkPathParam(param, value)).toThrow(PathParamError);
      expect(() => checkPathParam(param, value)).toThrow(
        new RegExp(`^${message}`),
      );
    },
  );
});
