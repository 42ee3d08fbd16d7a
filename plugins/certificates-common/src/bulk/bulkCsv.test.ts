import { parseBulkCsv } from './bulkCsv';

describe('parseBulkCsv', () => {
  it('reads a header row and one request per line, as the request API takes it', () => {
    const csv =
      '\uFEFFteam,zone,subdomain,issuer,wildcard,additionalNames,justification\r\n' +
      'team-a,example.com,api.team-a,letsencrypt-staging,no,,\r\n' +
      'team-a,example.com,shop,letsencrypt-prod,yes,shop.example.com; www.shop.example.com,"Storefront, ""v2"""\r\n' +
      '\r\n';
    expect(parseBulkCsv(csv)).toEqual({
      ok: true,
      rows: [
        {
          team: 'team-a',
          domain: 'example.com',
          subdomain: 'api.team-a',
          issuer: 'letsencrypt-staging',
          wildcard: false,
        },
        {
          team: 'team-a',
          domain: 'example.com',
          subdomain: 'shop',
          issuer: 'letsencrypt-prod',
          wildcard: true,
          additionalNames: ['shop.example.com', 'www.shop.example.com'],
          justification: 'Storefront, "v2"',
        },
      ],
    });
  });

  it('takes "domain" for "zone" and keeps a value it cannot read for the backend to name', () => {
    const parsed = parseBulkCsv(
      'team,domain,issuer,wildcard\nteam-a,example.com,letsencrypt-staging,maybe\n',
    );
    expect(parsed).toEqual({
      ok: true,
      rows: [
        {
          team: 'team-a',
          domain: 'example.com',
          issuer: 'letsencrypt-staging',
          wildcard: 'maybe',
        },
      ],
    });
  });

  it('names unknown and missing columns', () => {
    expect(
      parseBulkCsv('team,subdomain,namespace\nteam-a,x,kube-system'),
    ).toEqual({
      ok: false,
      problems: [
        {
          field: 'csv.header.2',
          message: expect.stringMatching(/^"namespace" is not a known column/),
        },
        { field: 'csv.header', message: 'needs the zone column' },
        { field: 'csv.header', message: 'needs the issuer column' },
      ],
    });
    expect(parseBulkCsv('  \n')).toEqual({
      ok: false,
      problems: [{ field: 'csv', message: 'is empty: expected a header row' }],
    });
  });
});
