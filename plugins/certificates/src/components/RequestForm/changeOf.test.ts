import { storedRequest } from '../../__testUtils__/fixtures';
import { certificateNameOf, changeOf } from './changeOf';

const files = [
  { path: 'platform/tenants/team-a/namespace.yaml', content: '' },
  {
    path: 'tenants/team-a/certificates/shop-example-com/certificate.yaml',
    content: '',
  },
];

describe('changeOf', () => {
  it('reads the certificate name from the preview', () => {
    expect(certificateNameOf(files, 'team-a')).toBe('shop-example-com');
    expect(certificateNameOf(files, 'team-b')).toBeUndefined();
  });

  it("names what differs from the team's latest standing request for the certificate", () => {
    const requests = [
      storedRequest({ id: 'old', state: 'merged', createdAt: '2025-01-01' }),
      storedRequest({ id: 'gone', state: 'closed', createdAt: '2025-03-01' }),
      storedRequest({
        id: 'latest',
        state: 'merged',
        createdAt: '2025-02-01',
        issuer: 'letsencrypt-prod',
      }),
    ];
    const change = changeOf(files, requests, {
      team: 'team-a',
      issuer: 'letsencrypt-staging',
      name: '*.shop.example.com',
    });
    expect(change?.previous.id).toBe('latest');
    expect(change?.lines).toEqual([
      'issuer: letsencrypt-prod → letsencrypt-staging',
      'name: shop.example.com → *.shop.example.com',
    ]);
  });

  it('is undefined for a new certificate, and has no lines for the same request', () => {
    expect(
      changeOf(files, [], {
        team: 'team-a',
        issuer: 'x',
        name: 'shop.example.com',
      }),
    ).toBeUndefined();
    expect(
      changeOf(files, [storedRequest()], {
        team: 'team-a',
        issuer: 'letsencrypt-staging',
        name: 'shop.example.com',
      })?.lines,
    ).toEqual([]);
  });
});
