import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { LocalPullRequestDetails } from '@internal/plugin-certificates-common';
import { pathParam } from '../http';
import { LocalGitTarget } from '../services/Gitops/LocalGitTarget';
import { RouteContext, RouteModule, userOf } from './context';

/**
 * `GET /pull-requests/:number`: a local pull request's page data. Readable
 * by whoever may read one of the requests it carries, like
 * `GET /requests/:id`; the platform bundle's pull request carries none and
 * is for platform admins. Anything else is "not found", so numbers cannot
 * be probed.
 */
export function pullRequestRoutes(
  ctx: Pick<RouteContext, 'httpAuth' | 'access' | 'store' | 'gitops'>,
): RouteModule {
  const { httpAuth, access, store, gitops } = ctx;

  async function isAdmin(credentials: BackstageCredentials) {
    return access.assertAdmin(credentials).then(
      () => true,
      () => false,
    );
  }

  return router => {
    router.get('/pull-requests/:number', async (req, res) => {
      const credentials = await userOf(httpAuth, req);
      const number = Number(pathParam(req, 'number'));
      if (!(gitops instanceof LocalGitTarget))
        throw new ConflictError(
          'number: pull requests on GitHub are read on GitHub, not here',
        );
      const notFound = new NotFoundError(`pull request #${number} not found`);
      const pr = (await gitops.pullRequests()).find(p => p.number === number);
      if (!pr) throw notFound;
      const carried = await store.list({ pullRequestNumber: number });
      const readable = [];
      for (const r of carried)
        if (await access.allowed(credentials, 'read', r.team, r.createdBy))
          readable.push(r);
      if (
        readable.length === 0 &&
        !(carried.length === 0 && (await isAdmin(credentials)))
      )
        throw notFound;
      const details: LocalPullRequestDetails = {
        number,
        title: pr.title,
        body: pr.body,
        state: pr.state,
        branch: pr.branch,
        base: gitops.base,
        approved: !!pr.approved,
        requests: readable.map(r => ({
          id: r.id,
          team: r.team,
          certificateName: r.certificateName,
          names: r.names,
          state: r.state,
        })),
        files: (await gitops.changedFiles(number)) ?? [],
      };
      res.json(details);
    });
  };
}
