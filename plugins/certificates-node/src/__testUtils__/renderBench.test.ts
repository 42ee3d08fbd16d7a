import { formatRenderBench, runRenderBench } from './renderBench';

// `npm run bench -- render`, small, so that the bench cannot rot unseen.
describe('render bench', () => {
  it('renders and validates bundles and prints its unit', () => {
    const result = runRenderBench(0.2);
    expect(result.bundles).toBeGreaterThan(0);
    expect(result.files).toBeGreaterThan(result.bundles);
    expect(formatRenderBench(result)).toEqual([
      expect.stringMatching(
        /^render: \d+ request bundles per second rendered and strictly validated on one core \(\d+ bundles, \d+ files in 0\.\d s\)$/,
      ),
    ]);
  });
});
