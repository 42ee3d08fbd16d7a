import { ResponseError } from '@backstage/errors';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CertificatesApi, certificatesApiRef } from '../../api';
import { CertificateActions } from './CertificateActions';

async function renderActions(
  api: Partial<CertificatesApi>,
  props: { decommission?: 'decommissioning' | 'decommissioned' } = {},
) {
  const onChange = jest.fn();
  await renderInTestApp(
    <TestApiProvider apis={[
        [certificatesApiRef, api],
        [permissionApiRef, mockApis.permission()],
      ]}>
      <CertificateActions
        team="team-a"
        name="shop-example-com"
        onChange={onChange}
        {...props}
      />
    </TestApiProvider>,
  );
  return onChange;
}

describe('CertificateActions', () => {
  afterEach(() => jest.restoreAllMocks());

  it('renews now and says on which cluster', async () => {
    const api = {
      renewCertificate: jest.fn().mockResolvedValue({
        changed: true,
        outcomes: [{ cluster: 'prod', result: 'renewed' }],
      }),
    };
    const onChange = await renderActions(api);
    await userEvent.click(screen.getByRole('button', { name: 'Renew now' }));
    expect(api.renewCertificate).toHaveBeenCalledWith('team-a', 'shop-example-com');
    expect(
      await screen.findByText(/Renewal started on prod \(a new private key is generated\)/),
    ).toBeInTheDocument();
    expect(onChange).toHaveBeenCalledTimes(1);
  });

  it('decommissions after confirmation and shows the pull request', async () => {
    jest.spyOn(window, 'confirm').mockReturnValue(true);
    const api = {
      decommissionCertificate: jest.fn().mockResolvedValue({
        id: 'd-1',
        state: 'pr-open',
        changed: true,
        pullRequest: { number: 7, url: 'file:///x#pull/7', branch: 'b', state: 'open' },
      }),
    };
    await renderActions(api);
    await userEvent.click(screen.getByRole('button', { name: 'Decommission' }));
    expect(window.confirm).toHaveBeenCalledWith('Decommission team-a/shop-example-com?');
    expect(
      await screen.findByText('Decommission pull request #7 is open'),
    ).toBeInTheDocument();
  });

  it('does nothing when the confirmation is declined', async () => {
    jest.spyOn(window, 'confirm').mockReturnValue(false);
    const api = { decommissionCertificate: jest.fn() };
    await renderActions(api);
    await userEvent.click(screen.getByRole('button', { name: 'Decommission' }));
    expect(api.decommissionCertificate).not.toHaveBeenCalled();
  });

  it("shows the backend's refusal as it is", async () => {
    const response = new Response(
      JSON.stringify({
        error: { name: 'ServiceUnavailableError', message: 'renew: no cluster allows renewing' },
        response: { statusCode: 503 },
      }),
      { status: 503, headers: { 'content-type': 'application/json' } },
    );
    const api = {
      renewCertificate: jest.fn().mockRejectedValue(await ResponseError.fromResponse(response)),
    };
    await renderActions(api);
    await userEvent.click(screen.getByRole('button', { name: 'Renew now' }));
    expect(await screen.findByText(/renew: no cluster allows renewing/)).toBeInTheDocument();
  });

  it('shows the decommission state instead of the buttons', async () => {
    await renderActions({}, { decommission: 'decommissioning' });
    expect(screen.getByTestId('decommission-state')).toHaveTextContent('decommissioning');
    expect(screen.queryByRole('button', { name: 'Renew now' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Decommission' })).not.toBeInTheDocument();
  });
});
