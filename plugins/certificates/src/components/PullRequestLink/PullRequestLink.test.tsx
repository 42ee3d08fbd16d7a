import { configApiRef } from '@backstage/core-plugin-api';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { inAppPath } from './inAppPath';
import { PullRequestLink } from './PullRequestLink';

const config = mockApis.config({
  data: { app: { baseUrl: 'http://localhost:3000' } },
});

async function renderLink(url: string) {
  await renderInTestApp(
    <TestApiProvider apis={[[configApiRef, config]]}>
      <PullRequestLink pullRequest={{ url, number: 7 }} />
    </TestApiProvider>,
  );
  return screen.getByTestId('pull-request-link');
}

describe('PullRequestLink', () => {
  it('links a local pull request on the app origin inside the app', async () => {
    const link = await renderLink(
      'http://localhost:3000/certificates/pull-requests/7',
    );
    expect(link).toHaveAttribute('href', '/certificates/pull-requests/7');
    expect(link).not.toHaveAttribute('target');
    expect(link).toHaveTextContent(/^#7$/);
  });

  it('links a relative URL inside the app', async () => {
    const link = await renderLink('/certificates/pull-requests/7');
    expect(link).toHaveAttribute('href', '/certificates/pull-requests/7');
    expect(link.textContent).not.toMatch(/new window/i);
  });

  it('keeps a GitHub pull request external, labelled as opening a new window', async () => {
    const link = await renderLink('https://github.com/acme/gitops/pull/7');
    expect(link).toHaveAttribute(
      'href',
      'https://github.com/acme/gitops/pull/7',
    );
    expect(link).toHaveAttribute('target', '_blank');
    expect(link).toHaveTextContent('Opens in a new window');
  });
});

describe('inAppPath', () => {
  it('strips the base path of an app served below /', () => {
    expect(
      inAppPath(
        'https://portal.example.com/backstage/certificates/pull-requests/3?x=1',
        'https://portal.example.com/backstage/',
      ),
    ).toBe('/certificates/pull-requests/3?x=1');
  });

  it('leaves other origins and other base paths external', () => {
    expect(
      inAppPath('http://localhost:7007/x', 'http://localhost:3000'),
    ).toBeUndefined();
    expect(
      inAppPath(
        'https://portal.example.com/other/x',
        'https://portal.example.com/backstage',
      ),
    ).toBeUndefined();
    expect(inAppPath('file:///data/gitops#pull/1', undefined)).toBeUndefined();
    expect(inAppPath('//evil.example.com/x', 'http://a')).toBeUndefined();
  });
});
