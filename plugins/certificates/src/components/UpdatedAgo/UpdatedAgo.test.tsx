import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { formatAge } from './formatAge';
import { UpdatedAgo } from './UpdatedAgo';

describe('formatAge', () => {
  const now = Date.parse('2026-01-01T12:00:00Z');
  it.each([
    ['2026-01-01T11:59:30Z', 'just now'],
    ['2026-01-01T11:58:00Z', '2 min ago'],
    ['2026-01-01T09:00:00Z', '3 h ago'],
    ['2025-12-31T11:00:00Z', '1 day ago'],
    ['2025-12-29T12:00:00Z', '3 days ago'],
    ['not a time', 'at an unknown time'],
  ])('%s is %s', (at, expected) => {
    expect(formatAge(at, now)).toBe(expected);
  });
});

describe('UpdatedAgo', () => {
  it('says how old the snapshot is, with the exact time in its title', async () => {
    const at = new Date(Date.now() - 5 * 60_000).toISOString();
    await renderInTestApp(<UpdatedAgo at={at} />);
    const text = screen.getByTestId('updated-ago');
    expect(text).toHaveTextContent('updated 5 min ago');
    expect(text).toHaveAttribute('title', new Date(at).toLocaleString());
  });
});
