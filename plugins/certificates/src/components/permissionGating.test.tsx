import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { platformApi, storedRequest } from '../__testUtils__/fixtures';
import { certificatesApiRef } from '../api';
import { CertificateActions } from './CertificateActions';
import { RequestActions } from './CertificatesPage/RequestActions';
import { RequestList } from './RequestList';
import { PlatformPanel } from './PlatformPanel';

const api = platformApi();

/** The permission API as the policy answers a plain team member of team-a. */
const memberOfTeamA = mockApis.permission({
  authorize: request => {
    if (request.permission.name === 'certificate.platform.admin')
      return AuthorizeResult.DENY;
    // req-b is team-b's request.
    if (
      'resourceRef' in request &&
      ['req-b', 'team-b'].includes(request.resourceRef ?? '')
    )
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
          requestLink={id => `/certificates?request=${id}`}
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
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
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

  it('offers Renew, Decommission, Retry and Cancel only where the user may write', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [certificatesApiRef, api],
          [permissionApiRef, memberOfTeamA],
        ]}
      >
        <div data-testid="team-a">
          <CertificateActions team="team-a" name="api" />
          <RequestActions
            request={storedRequest({ id: 'req-a', state: 'failed' })}
            onChange={jest.fn()}
          />
        </div>
        <div data-testid="team-b">
          <CertificateActions team="team-b" name="web" />
          <RequestActions
            request={storedRequest({
              id: 'req-b',
              team: 'team-b',
              state: 'failed',
            })}
            onChange={jest.fn()}
          />
        </div>
      </TestApiProvider>,
    );
    const teamA = await screen.findByTestId('team-a');
    for (const name of [/Renew/, /Decommission/, /Retry/, /Cancel request/])
      expect(
        await within(teamA).findByRole('button', { name }),
      ).toBeInTheDocument();
    expect(
      within(screen.getByTestId('team-b')).queryAllByRole('button'),
    ).toEqual([]);
  });
});
