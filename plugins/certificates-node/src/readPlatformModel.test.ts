import { ConfigReader } from '@backstage/config';
import { PlatformConfigError } from '@internal/plugin-certificates-common';
import { readPlatformModel } from './readPlatformModel';
import { testPlatformConfig } from './testing/platforms';

/** app-config as it is read: plain JSON. */
const appConfig = (certificates: object) =>
  new ConfigReader(JSON.parse(JSON.stringify({ certificates })));

describe('readPlatformModel', () => {
  it('reads a valid configuration', () => {
    const platform = readPlatformModel(appConfig(testPlatformConfig()));
    expect(platform.zones.length).toBeGreaterThan(0);
  });

  it('fails at start-up on a setting only the renderer checks', () => {
    const bad = {
      ...testPlatformConfig(),
      remoteKeyTemplate: 'certs/{certificate}',
    };
    expect(() => readPlatformModel(appConfig(bad))).toThrow(
      PlatformConfigError,
    );
    expect(() => readPlatformModel(appConfig(bad))).toThrow(
      /remoteKeyTemplate/,
    );
  });

  it('fails at start-up on a bad monitoring section', () => {
    const bad = {
      ...testPlatformConfig(),
      monitoring: { notReadyFor: 'half an hour' },
    };
    expect(() => readPlatformModel(appConfig(bad))).toThrow(/notReadyFor/);
  });
});
