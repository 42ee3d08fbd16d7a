import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { ClusterApis } from './ClusterApis';

describe('ClusterApis', () => {
  it('names each cluster missing an API version, and what fails without it', async () => {
    await renderInTestApp(
      <ClusterApis
        clusters={[
          {
            cluster: 'prod',
            missing: [
              'policies.kyverno.io/v1 (no admission policy is enforced)',
            ],
          },
          { cluster: 'fine', missing: [] },
          {
            cluster: 'locked',
            missing: [],
            error: 'could not read the API discovery (GET /apis): HTTP 401',
          },
        ]}
      />,
    );
    expect(screen.getByTestId('cluster-apis-prod')).toHaveTextContent(
      'Cluster prod does not serve policies.kyverno.io/v1 (no admission policy is enforced). Install or upgrade the component',
    );
    expect(screen.getByTestId('cluster-apis-locked')).toHaveTextContent(
      'Cluster locked: could not read the API discovery (GET /apis): HTTP 401',
    );
    expect(screen.queryByTestId('cluster-apis-fine')).toBeNull();
  });

  it('shows nothing when every cluster serves every version', async () => {
    await renderInTestApp(
      <div data-testid="wrapper">
        <ClusterApis clusters={[{ cluster: 'fine', missing: [] }]} />
      </div>,
    );
    expect(screen.getByTestId('wrapper')).toBeEmptyDOMElement();
  });
});
