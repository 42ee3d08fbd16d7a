import { renderPlatformFiles } from '@internal/plugin-certificates-node';
import { audited } from '../http';
import { RouteContext, RouteModule, userOf } from './context';

/** Platform admins: `GET /platform/preview`, `GET /platform/status`, `POST /platform/bootstrap`. */
export function platformRoutes(
  ctx: Pick<
    RouteContext,
    | 'httpAuth'
    | 'access'
    | 'auditor'
    | 'platform'
    | 'publisher'
    | 'platformApis'
  >,
): RouteModule {
  const { httpAuth, access, auditor, platform, publisher, platformApis } = ctx;
  const admin = async (req: Parameters<typeof userOf>[1]) => {
    const credentials = await userOf(httpAuth, req);
    await access.assertAdmin(credentials);
    return credentials;
  };

  return router => {
    router.get('/platform/preview', async (req, res) => {
      await admin(req);
      res.json(renderPlatformFiles(platform));
    });

    router.get('/platform/status', async (req, res) => {
      await admin(req);
      const [bundle, clusters] = await Promise.all([
        publisher.checkPlatform(),
        platformApis.check(),
      ]);
      res.json({ ...bundle, clusters });
    });

    router.post('/platform/bootstrap', async (req, res) => {
      const credentials = await admin(req);
      const pullRequest = await audited(
        auditor,
        req,
        {
          eventId: 'certificate-platform-bootstrap',
          severityLevel: 'high',
          resultMeta: pr => ({ pullRequest: pr.url }),
        },
        () => publisher.publishPlatform(credentials.principal.userEntityRef),
      );
      res.json({ pullRequest });
    });
  };
}
