import { randomBytes, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

/** A certificate the local CA issued, with what cert-manager reads from it. */
export type IssuedCertificate = {
  certificatePem: string;
  privateKeyPem: string;
  caPem: string;
  serialNumber: string;
  notBefore: number;
  notAfter: number;
};

const pem = (label: string, der: ArrayBuffer) =>
  `-----BEGIN ${label}-----\n${Buffer.from(der)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '')}\n-----END ${label}-----\n`;

/**
 * The simulator's certificate authority, standing in for the ACME server:
 * real X.509 (ECDSA P-256) with the requested names, validity from the
 * simulated clock and random serials, so what the status shows (notAfter,
 * serial) can be checked with openssl.
 */
export class LocalCa {
  private constructor(
    private readonly keys: CryptoKeyPair,
    readonly certificate: x509.X509Certificate,
  ) {}

  static async create(now: number): Promise<LocalCa> {
    const keys = (await webcrypto.subtle.generateKey(ALG, true, [
      'sign',
      'verify',
    ])) as CryptoKeyPair;
    const certificate = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: randomBytes(16).toString('hex'),
      name: 'CN=Platform Simulator Local CA, O=certificates platform simulator',
      notBefore: new Date(now - 60_000),
      notAfter: new Date(now + 20 * 365 * 86_400_000),
      signingAlgorithm: ALG,
      keys,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(
          x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
          true,
        ),
      ],
    });
    return new LocalCa(keys, certificate);
  }

  /** A PKCS#10 request for `dnsNames`, as cert-manager puts in CertificateRequest.spec.request. */
  async csr(dnsNames: string[]): Promise<{ pem: string; keys: CryptoKeyPair }> {
    const keys = (await webcrypto.subtle.generateKey(ALG, true, [
      'sign',
      'verify',
    ])) as CryptoKeyPair;
    const request = await x509.Pkcs10CertificateRequestGenerator.create({
      keys,
      signingAlgorithm: ALG,
      extensions: [
        new x509.SubjectAlternativeNameExtension(
          dnsNames.map(value => ({ type: 'dns' as const, value })),
        ),
      ],
    });
    return { pem: request.toString('pem'), keys };
  }

  /** Signs a certificate for the names of a request, valid from `now` for `durationMs`. */
  async issue(
    dnsNames: string[],
    keys: CryptoKeyPair,
    now: number,
    durationMs: number,
  ): Promise<IssuedCertificate> {
    // X.509 times have second precision: round so notAfter - notBefore is the duration.
    const notBefore = Math.floor(now / 1000) * 1000;
    const notAfter = notBefore + durationMs;
    const serialNumber = `0${randomBytes(16).toString('hex')}`.slice(-32);
    const leaf = await x509.X509CertificateGenerator.create({
      serialNumber,
      subject: dnsNames.length ? `CN=${dnsNames[0]}` : '',
      issuer: this.certificate.subject,
      notBefore: new Date(notBefore),
      notAfter: new Date(notAfter),
      signingAlgorithm: ALG,
      publicKey: keys.publicKey,
      signingKey: this.keys.privateKey,
      extensions: [
        new x509.SubjectAlternativeNameExtension(
          dnsNames.map(value => ({ type: 'dns' as const, value })),
        ),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      ],
    });
    const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
    return {
      certificatePem: leaf.toString('pem'),
      privateKeyPem: pem('PRIVATE KEY', pkcs8),
      caPem: this.certificate.toString('pem'),
      serialNumber: leaf.serialNumber,
      notBefore: leaf.notBefore.getTime(),
      notAfter: leaf.notAfter.getTime(),
    };
  }
}
