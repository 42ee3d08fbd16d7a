import { checkCertificateName, isAtOrBelow, isPublicSuffix } from './dnsNames';
import { deriveCertificateName } from './certificateNames';

const noIdn = { allowIdn: false };
const idn = { allowIdn: true };

describe('DNS names', () => {
  it.each([
    'example.com',
    'a.b.example.com',
    '*.shop.example.com',
    'no.on.yes.example.com',
    '0.example.com',
    `${'a'.repeat(63)}.example.com`,
  ])('accepts %s', name => {
    expect(checkCertificateName(name, noIdn)).toBeUndefined();
  });

  it.each([
    ['Example.com', /lowercase/],
    ['exämple.com', /ASCII/],
    ['example.com.', /dot/],
    ['*.com', /public suffix/],
    ['co.uk', /public suffix/],
    ['*.co.uk', /public suffix/],
    ['github.io', /public suffix/],
    ['w*.example.com', /leftmost/],
    ['a.*.example.com', /leftmost/],
    ['*.*.example.com', /leftmost/],
    ['_acme.example.com', /underscore|LDH|letters/],
    ['a_b.example.com', /underscore/],
    ['-a.example.com', /hyphen/],
    ['a-.example.com', /hyphen/],
    ['a..example.com', /empty label/],
    ['10.0.0.1', /IP/],
    ['[::1]', /ASCII|IP|URL/],
    ['user@example.com', /e-mail/],
    ['https://example.com', /URL/],
    [`${'a'.repeat(64)}.example.com`, /63/],
    [`${Array(9).fill('a'.repeat(28)).join('.')}.com`, /253/],
    ['ab--c.example.com', /punycode/],
    ['xn--bcher-kva.example.com', /does not allow/],
  ])('refuses %s', (name, reason) => {
    expect(checkCertificateName(name, noIdn)?.message).toMatch(reason);
  });

  it('accepts punycode only where the zone allows IDNs', () => {
    expect(
      checkCertificateName('xn--bcher-kva.example.com', idn),
    ).toBeUndefined();
  });

  it('knows ICANN and private public suffixes', () => {
    expect(
      ['com', 'co.uk', 'github.io', 'blogspot.com'].map(isPublicSuffix),
    ).toEqual([true, true, true, true]);
    expect(['example.com', 'example.co.uk'].map(isPublicSuffix)).toEqual([
      false,
      false,
    ]);
  });

  it('does not mistake a prefix twin for a child', () => {
    expect(isAtOrBelow('x.team-ab.example.com', 'team-a.example.com')).toBe(
      false,
    );
    expect(isAtOrBelow('team-a.example.com', 'team-a.example.com')).toBe(true);
    expect(isAtOrBelow('x.team-a.example.com', 'team-a.example.com')).toBe(
      true,
    );
  });

  it('derives short, distinct Kubernetes names', () => {
    expect(deriveCertificateName('*.shop.example.com')).toBe(
      'wildcard---shop-example-com',
    );
    const long1 = deriveCertificateName(
      `${'a'.repeat(40)}.b.team-a.example.com`,
    );
    const long2 = deriveCertificateName(
      `${'a'.repeat(40)}.c.team-a.example.com`,
    );
    expect(long1.length).toBeLessThanOrEqual(52);
    expect(long1).not.toBe(long2);
    expect(long1).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  });
});
