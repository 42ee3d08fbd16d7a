import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import {
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import { HomePage } from './HomePage';

const BASE = 'http://backend.test/api/certificates';

function request(id: string, names: string[], state: string, number?: number) {
  return {
    id,
    team: 'team-a',
    certificateName: names[0].replace(/\W/g, '-'),
    names,
    state,
    issuer: 'letsencrypt-staging',
    keyAlgorithm: 'ECDSA-P256',
    createdAt: '2026-12-01T10:00:00.000Z',
    createdBy: 'user:default/guest',
    updatedAt: '2026-12-01T10:00:00.000Z',
    ...(number
      ? {
          pullRequest: {
            number,
            branch: `b${number}`,
            state: 'open',
            url: `http://localhost:3000/certificates/pull-requests/${number}`,
          },
        }
      : {}),
  };
}

/** The certificates backend as `GET /options`, `/requests` and the team status answer. */
const answers: Record<string, unknown> = {
  '/options': {
    teams: [{ name: 'team-a', group: 'group:default/team-a', domains: [] }],
    issuers: [],
    keyAlgorithms: [],
    gitopsTarget: 'local',
  },
  '/requests': {
    items: [
      request('r1', ['shop.example.com'], 'merged'),
      request('r2', ['api.shop.example.com'], 'pr-open', 4),
      request('r3', ['old.shop.example.com'], 'cancelled'),
    ],
  },
  '/teams/team-a/certificates': {
    team: 'team-a',
    items: [
      {
        team: 'team-a',
        names: ['shop.example.com'],
        steps: {
          issued: {
            issued: {
              notAfter: new Date(Date.now() + 5 * 86_400_000).toISOString(),
            },
          },
        },
      },
    ],
  },
};

const fetchApi = {
  fetch: async (input: RequestInfo | URL) => {
    const path = String(input).slice(BASE.length);
    return path in answers
      ? new Response(JSON.stringify(answers[path]), { status: 200 })
      : new Response('{}', { status: 404 });
  },
};

describe('HomePage', () => {
  it("summarises the user's certificates by state, open pull requests and what expires", async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [discoveryApiRef, { getBaseUrl: async () => BASE }],
          [fetchApiRef, fetchApi],
        ]}
      >
        <HomePage />
      </TestApiProvider>,
    );
    expect(await screen.findByLabelText('Certificate count')).toHaveTextContent(
      '2',
    );
    expect(screen.getByText('certificates of team-a')).toBeInTheDocument();
    const states = screen.getByRole('list', { name: 'Certificates by state' });
    expect(
      within(states).getByText('Merged into the GitOps repository: 1'),
    ).toBeInTheDocument();
    expect(
      within(states).getByText('Pull request open: 1'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: '#4: api.shop.example.com' }),
    ).toHaveAttribute('href', '/certificates/pull-requests/4');
    expect(
      screen.getByText(/^shop\.example\.com \(team-a\)/),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Request a certificate').closest('a'),
    ).toHaveAttribute('href', '/certificates/new');
  });
});
