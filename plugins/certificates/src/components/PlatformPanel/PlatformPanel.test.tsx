import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { platformApi } from '../../__testUtils__/fixtures';
import { certificatesApiRef } from '../../api';
import { PlatformPanel } from './PlatformPanel';

const api = platformApi();

// One file per permission answer: usePermission caches decisions (SWR) for the whole file.
describe('PlatformPanel for a platform admin', () => {
  beforeEach(() => jest.clearAllMocks());

  it('shows the platform bundle and its pull request button to platform admins', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [certificatesApiRef, api],
          [permissionApiRef, mockApis.permission()],
        ]}
      >
        <PlatformPanel />
      </TestApiProvider>,
    );
    expect(
      await screen.findByText('platform/cluster-issuers.yaml'),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Open the platform pull request' }),
    );
    expect(api.bootstrapPlatform).toHaveBeenCalledTimes(1);
    expect(await screen.findByTestId('pull-request-link')).toHaveAttribute(
      'href',
      'https://git.example/pr/7',
    );
    expect(screen.getByTestId('pull-request-link')).toHaveTextContent('#7');
  });
});
