import { ResponseError } from '@backstage/errors';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { ComponentProps } from 'react';
import userEvent from '@testing-library/user-event';
import { CertificatesApi, certificatesApiRef } from '../../api';
import { CertificateActions } from './CertificateActions';

async function renderActions(
  api: Partial<CertificatesApi>,
  props: Partial<ComponentProps<typeof CertificateActions>> = {},
) {
  const onChange = jest.fn();
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [certificatesApiRef, api],
        [permissionApiRef, mockApis.permission()],
      ]}
    >
      <CertificateActions
        team="team-a"
        name="shop-example-com"
        names={['shop.example.com']}
        onChange={onChange}
        {...props}
      />
    </TestApiProvider>,
  );
  return onChange;
}

describe('CertificateActions', () => {
  afterEach(() => jest.restoreAllMocks());

  it('renews now after a dialog naming the DNS name, and says on which cluster', async () => {
    const api = {
      renewCertificate: jest.fn().mockResolvedValue({
        changed: true,
        outcomes: [{ cluster: 'prod', result: 'renewed' }],
      }),
    };
    const onChange = await renderActions(api, { renew: { allowed: true } });
    await userEvent.click(screen.getByRole('button', { name: 'Renew now' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Renew shop.example.com now?');
    expect(dialog).toHaveTextContent('new private key');
    expect(api.renewCertificate).not.toHaveBeenCalled();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Renew now' }),
    );
    expect(api.renewCertificate).toHaveBeenCalledWith(
      'team-a',
      'shop-example-com',
    );
    expect(
      await screen.findByText(
        /Renewal of shop.example.com started on prod \(a new private key is generated\)/,
      ),
    ).toBeInTheDocument();
    expect(onChange).toHaveBeenCalledTimes(1);
  });

  it('disables Renew now with the plain reason when no cluster allows it', async () => {
    const api = { renewCertificate: jest.fn() };
    const reason = 'Renewing from Backstage is not turned on for any cluster.';
    await renderActions(api, { renew: { allowed: false, reason } });
    const button = screen.getByRole('button', { name: 'Renew now' });
    expect(button).toBeDisabled();
    expect(button).toHaveAccessibleDescription(reason);
    expect(screen.getByTestId('renew-reason')).toHaveTextContent(reason);
  });

  it('decommissions after a dialog that names the DNS name and the effect, and links the pull request', async () => {
    const api = {
      decommissionCertificate: jest.fn().mockResolvedValue({
        id: 'd-1',
        state: 'pr-open',
        changed: true,
        pullRequest: {
          number: 7,
          url: '/certificates/pull-requests/7',
          branch: 'b',
          state: 'open',
        },
      }),
    };
    await renderActions(api);
    await userEvent.click(screen.getByRole('button', { name: 'Decommission' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Decommission shop.example.com?');
    expect(dialog).toHaveTextContent(
      /removes the certificate for shop.example.com from team team-a/,
    );
    expect(dialog).not.toHaveTextContent('shop-example-com');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Decommission' }),
    );
    const outcome = await screen.findByTestId('certificate-action-outcome');
    expect(outcome).toHaveTextContent(
      'The pull request that decommissions shop.example.com is open: #7',
    );
    // The dialog's closing transition still hides the rest of the page from roles.
    expect(within(outcome).getByTestId('pull-request-link')).toHaveAttribute(
      'href',
      '/certificates/pull-requests/7',
    );
  });

  it('does nothing when the dialog is dismissed', async () => {
    const api = { decommissionCertificate: jest.fn() };
    await renderActions(api);
    await userEvent.click(screen.getByRole('button', { name: 'Decommission' }));
    await userEvent.click(
      await screen.findByRole('button', { name: 'Keep it' }),
    );
    expect(api.decommissionCertificate).not.toHaveBeenCalled();
  });

  it("shows the backend's refusal as it is", async () => {
    const response = new Response(
      JSON.stringify({
        error: {
          name: 'ServiceUnavailableError',
          message: 'renew: no cluster allows renewing',
        },
        response: { statusCode: 503 },
      }),
      { status: 503, headers: { 'content-type': 'application/json' } },
    );
    const api = {
      renewCertificate: jest
        .fn()
        .mockRejectedValue(await ResponseError.fromResponse(response)),
    };
    await renderActions(api);
    await userEvent.click(screen.getByRole('button', { name: 'Renew now' }));
    await userEvent.click(
      within(await screen.findByRole('dialog')).getByRole('button', {
        name: 'Renew now',
      }),
    );
    expect(
      await screen.findByText(/renew: no cluster allows renewing/),
    ).toBeInTheDocument();
  });

  it('shows the decommission state instead of the buttons', async () => {
    await renderActions({}, { decommission: 'decommissioning' });
    expect(screen.getByTestId('decommission-state')).toHaveTextContent(
      'decommissioning',
    );
    expect(
      screen.queryByRole('button', { name: 'Renew now' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Decommission' }),
    ).not.toBeInTheDocument();
  });
});
