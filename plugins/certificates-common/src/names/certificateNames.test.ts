import { DNS1123_LABEL, MAX_CERTIFICATE_NAME_LENGTH } from '../request/fields';
import {
  certificateNameToDnsName,
  deriveCertificateName,
} from './certificateNames';

/** A small deterministic PRNG, so a failure names the seed that found it. */
function prng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Random valid DNS names over a tiny alphabet, so that hyphen/dot twins are frequent. */
function randomNames(count: number, seed: number): string[] {
  const rand = prng(seed);
  const pick = (s: string) => s[Math.floor(rand() * s.length)];
  const label = () => {
    const len = 1 + Math.floor(rand() * (rand() < 0.2 ? 24 : 6));
    let out = pick('ab1');
    for (let i = 1; i < len - 1; i++) out += pick('ab-');
    if (len > 1) out += pick('ab1');
    return out;
  };
  const names = new Set<string>();
  while (names.size < count) {
    const labels = Array.from({ length: 2 + Math.floor(rand() * 4) }, label);
    const name = labels.join('.');
    names.add(rand() < 0.3 ? `*.${name}` : name);
  }
  return [...names];
}

describe('deriveCertificateName', () => {
  it('keeps the twins of the issue apart', () => {
    const pairs = [
      ['*.shop.example.com', 'wildcard.shop.example.com'],
      ['a-b.example.com', 'a.b.example.com'],
      ['a--b.example.com', 'a-b.example.com'],
      ['xn--bcher-kva.example.com', 'xn-bcher-kva.example.com'],
      ['*.a-b.example.com', 'wildcard---a.b.example.com'],
    ];
    for (const [x, y] of pairs) {
      expect(deriveCertificateName(x)).not.toBe(deriveCertificateName(y));
    }
    expect(deriveCertificateName('api.shop.example.com')).toBe(
      'api-shop-example-com',
    );
    expect(deriveCertificateName('a-b.example.com')).toBe('a--b-example-com');
    expect(deriveCertificateName('*.shop.example.com')).toBe(
      'wildcard---shop-example-com',
    );
  });

  it('is injective and reversible on 20000 random names full of hyphen/dot twins', () => {
    const seen = new Map<string, string>();
    let shortened = 0;
    for (const name of randomNames(20000, 14)) {
      const derived = deriveCertificateName(name);
      expect(derived).toMatch(DNS1123_LABEL);
      expect(derived.length).toBeLessThanOrEqual(MAX_CERTIFICATE_NAME_LENGTH);
      const before = seen.get(derived);
      if (before !== undefined)
        throw new Error(`"${before}" and "${name}" both map to ${derived}`);
      seen.set(derived, name);
      // Reversible unless shortened; shortened ones are told apart by their run of five.
      const isShortened = /-----[0-9a-f]{8}$/.test(derived);
      if (isShortened) shortened++;
      const back = certificateNameToDnsName(derived);
      if (!isShortened && back !== name)
        throw new Error(`${name} → ${derived} reads back as ${back}`);
    }
    expect(shortened).toBeGreaterThan(100);
  });

  it('marks shortened names so that they never equal an unshortened one', () => {
    const long = `${'a-b.'.repeat(20)}team-a.example.com`;
    const shortened = deriveCertificateName(long);
    expect(shortened).toMatch(/-----[0-9a-f]{8}$/);
    expect(shortened.length).toBeLessThanOrEqual(MAX_CERTIFICATE_NAME_LENGTH);
    expect(certificateNameToDnsName(shortened)).toBeUndefined();
    expect(deriveCertificateName(`x${long}`)).not.toBe(shortened);
  });
});
