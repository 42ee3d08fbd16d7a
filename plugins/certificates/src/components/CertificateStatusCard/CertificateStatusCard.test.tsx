import { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { CERTIFICATE_STATUS_STEPS } from '@internal/plugin-certificates-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { details, summary } from '../../__testUtils__/fixtures';
import { CertificatesApi, certificatesApiRef } from '../../api';
import { STEP_LABELS } from '../status/lifecycle';
import { CertificateStatusCard } from './CertificateStatusCard';

const resource: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'team-a-shop-example-com',
    annotations: {
      'certificates.backstage.io/team': 'team-a',
      'certificates.backstage.io/certificate': 'shop-example-com',
      'certificates.backstage.io/names': 'shop.example.com',
    },
  },
  spec: { type: 'tls-certificate', owner: 'group:default/team-a' },
};

async function renderCard(
  api: Partial<CertificatesApi>,
  entity: Entity = resource,
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [certificatesApiRef, api],
        [permissionApiRef, mockApis.permission()],
      ]}
    >
      <EntityProvider entity={entity}>
        <CertificateStatusCard />
      </EntityProvider>
    </TestApiProvider>,
  );
}

function responseError(status: number, message: string): ResponseError {
  // The constructor is private; the status card only reads statusCode and body.
  const Ctor = ResponseError as unknown as new (opts: unknown) => ResponseError;
  return new Ctor({
    message: `Request failed with ${status}`,
    response: { status, statusText: '', url: '' },
    data: {
      error: { name: 'Error', message },
      response: { statusCode: status },
    },
    cause: new Error(message),
    statusCode: status,
    statusText: '',
  });
}

describe('CertificateStatusCard', () => {
  it('shows progress while loading', async () => {
    await renderCard({ getCertificate: () => new Promise(() => {}) });
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('explains when the entity names no certificate', async () => {
    const getCertificate = jest.fn();
    await renderCard(
      { getCertificate },
      { ...resource, kind: 'Component', metadata: { name: 'web' } },
    );
    expect(screen.getByText(/names no certificate/)).toBeInTheDocument();
    expect(getCertificate).not.toHaveBeenCalled();
  });

  it('shows the backend error', async () => {
    await renderCard({
      getCertificate: () => Promise.reject(new Error('status unavailable')),
    });
    expect(
      await screen.findByText(
        /Could not load the status of team-a\/shop-example-com: status unavailable/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Retry' })).toBeInTheDocument();
  });

  it('says so when the certificate is not known yet (404)', async () => {
    await renderCard({
      getCertificate: () => Promise.reject(responseError(404, 'not found')),
    });
    expect(
      await screen.findByText(/No status for team-a\/shop-example-com yet/),
    ).toBeInTheDocument();
  });

  it('shows the seven steps, Vault version, renewal, PR link and drill-down when all is done', async () => {
    const getCertificate = jest.fn().mockResolvedValue(details());
    await renderCard({ getCertificate });
    expect(getCertificate).toHaveBeenCalledWith('team-a', 'shop-example-com');
    const stepper = await screen.findByLabelText('Certificate lifecycle');
    for (const key of CERTIFICATE_STATUS_STEPS) {
      expect(within(stepper).getByText(STEP_LABELS[key])).toBeInTheDocument();
    }
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(screen.getByText(/in sync · version 3/)).toBeInTheDocument();
    expect(
      screen.getByText(/kv\/certs\/team-a\/shop-example-com/),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /#7 \(merged\)/ })).toHaveAttribute(
      'href',
      'https://git.example.com/pr/7',
    );
    expect(screen.getByText('letsencrypt-staging')).toBeInTheDocument();
    expect(screen.getByText(/Next renewal/).parentElement).toHaveTextContent(
      String(new Date('2030-02-01T00:00:00Z').getFullYear()),
    );

    await userEvent.click(
      screen.getByText(/CertificateRequest \/ Order \/ Challenge/),
    );
    const objects = screen.getByRole('table', { name: 'Cluster objects' });
    expect(within(objects).getByText('shop-example-com-1')).toBeInTheDocument();
    expect(within(objects).getByText('Order')).toBeInTheDocument();
    expect(
      within(objects).getByText('shop-example-com-1-123-456'),
    ).toBeInTheDocument();
    expect(
      within(objects).getByText(/Ready=True \(Issued\)/),
    ).toBeInTheDocument();
    expect(
      screen.getByText('The certificate has been successfully issued'),
    ).toBeInTheDocument();
  });

  it('says a decommissioned certificate is gone instead of showing its creation steps', async () => {
    await renderCard({
      getCertificate: () =>
        Promise.resolve({
          ...details(summary({})),
          decommission: 'decommissioned' as const,
        }),
    });
    const notice = await screen.findByTestId('decommissioned-notice');
    expect(notice).toHaveTextContent('shop.example.com is decommissioned');
    expect(notice).toHaveTextContent('Vault copy are gone');
    expect(screen.queryByTestId('step-acme')).not.toBeInTheDocument();
    // A link inside the sentence is underlined, not told apart by colour alone.
    expect(within(notice).getByTestId('pull-request-link').className).toMatch(
      /underlineAlways/,
    );
  });

  it.each(CERTIFICATE_STATUS_STEPS.map(step => [step]))(
    'shows the reason prominently when step %s fails',
    async step => {
      await renderCard({
        getCertificate: () =>
          Promise.resolve(details(summary({ failAt: step }))),
      });
      const alert = await screen.findByRole('alert');
      expect(alert).toHaveTextContent(`Stuck at “${STEP_LABELS[step]}”`);
      expect(within(alert).getByTestId('failure-reason')).toHaveTextContent(
        `${step} broke: exact upstream reason`,
      );
      expect(alert).toHaveTextContent(`${step} source · Failed`);
      expect(screen.getByTestId(`step-${step}`)).toHaveTextContent('failed');
      // Steps before the failing one are done, later ones pending.
      const index = CERTIFICATE_STATUS_STEPS.indexOf(step);
      for (const key of CERTIFICATE_STATUS_STEPS.slice(0, index)) {
        expect(screen.getByTestId(`step-${key}`)).toHaveTextContent('done');
      }
      for (const key of CERTIFICATE_STATUS_STEPS.slice(index + 1)) {
        expect(screen.getByTestId(`step-${key}`)).toHaveTextContent('pending');
      }
    },
  );

  it('shows every certificate a Component names in its annotation', async () => {
    const getCertificate = jest.fn((_team: string, name: string) =>
      Promise.resolve(
        details(summary({ name, names: [`${name}.example.com`] })),
      ),
    );
    await renderCard(
      { getCertificate },
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'web',
          annotations: {
            'certificates.backstage.io/certificates': 'team-a/api, team-a/www',
          },
        },
        spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
      },
    );
    expect(await screen.findByText('api.example.com')).toBeInTheDocument();
    expect(await screen.findByText('www.example.com')).toBeInTheDocument();
    expect(getCertificate).toHaveBeenCalledWith('team-a', 'api');
    expect(getCertificate).toHaveBeenCalledWith('team-a', 'www');
    expect(screen.getByText('2 certificates')).toBeInTheDocument();
  });
});
