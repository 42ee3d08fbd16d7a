import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { storedRequest } from '../__testUtils__/fixtures';
import { CertificatesApi, certificatesApiRef } from '../api';
import { RequestList } from './RequestList';
import { PlatformPanel } from './PlatformPanel';

const api: Partial<CertificatesApi> = {
  getPlatformStatus: jest.fn().mockResolvedValue({
    upToDate: false,
    missing: ['platform/cluster-issuers.yaml'],
    outdated: [],
  }),
  bootstrapPlatform: jest.fn().mockResolvedValue({
    pullRequest: {
      url: 'https://git.example/pr/7',
      number: 7,
      branch: 'certificates/platform',
      state: 'open',
    },
  }),
};

/** The permission API as the policy answers a plain team member of team-a. */
const memberOfTeamA = mockApis.permission({
  authorize: request => {
    if (request.permission.name === 'certificate.platform.admin')
      return AuthorizeResult.DENY;
    // req-b is team-b's request.
    if ('resourceRef' in request && request.resourceRef === 'req-b')
      return AuthorizeResult.DENY;
    return AuthorizeResult.ALLOW;
  },
});

describe('a plain member of team-a', () => {
  beforeEach(() => jest.clearAllMocks());

  it('renders nothing of the platform, and reads nothing, for a team member', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [certificatesApiRef, api],
          [permissionApiRef, memberOfTeamA],
        ]}
      >
        <div data-testid="page">
          <PlatformPanel />
        </div>
      </TestApiProvider>,
    );
    expect(await screen.findByTestId('page')).toBeEmptyDOMElement();
    expect(api.getPlatformStatus).not.toHaveBeenCalled();
  });

  it('offers Merge only on the requests the user may write for', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[permissionApiRef, memberOfTeamA]]}>
        <RequestList
          canMerge
          onMerge={jest.fn()}
          requests={[
            storedRequest({ id: 'req-a', names: ['a.example.com'] }),
            storedRequest({
              id: 'req-b',
              team: 'team-b',
              names: ['b.example.org'],
            }),
          ]}
        />
      </TestApiProvider>,
    );
    expect(
      await screen.findByRole('button', {
        name: 'Merge the pull request of a.example.com',
      }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', {
        name: 'Merge the pull request of b.example.org',
      }),
    ).not.toBeInTheDocument();
  });
});
