import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  CertificatesPermissionPolicy,
  readCertificatesPolicyOptions,
} from './policy';

/**
 * Installs the certificates permission policy in the permission backend:
 * `backend.add(permissionModuleCertificatesPolicy)` in place of an
 * allow-all policy. Admin groups come from `certificates.platformAdmins`.
 *
 * @public
 */
export const permissionModuleCertificatesPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'certificates-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
        logger: coreServices.logger,
      },
      async init({ policy, config, userInfo, logger }) {
        const options = readCertificatesPolicyOptions(config);
        if (options.platformAdmins.length === 0) {
          logger.warn(
            'certificates.platformAdmins is empty: nobody may publish the platform bundle',
          );
        }
        policy.setPolicy(new CertificatesPermissionPolicy(options, userInfo));
      },
    });
  },
});
