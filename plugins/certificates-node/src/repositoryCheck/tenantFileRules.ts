import { PlatformModel } from '@internal/plugin-certificates-common';
import { TENANTS_ROOT } from '../render/labels';
import { CERTIFICATES_DIR } from '../render/tenant/certificate';
import { TENANT_FILES } from '../render/tenant/appProject';
import { TenantFileRules } from './checkTenantFiles';

/** The repository check's rules for `platform`: its teams and the files the tenant renderers emit. */
export function tenantFileRules(platform: PlatformModel): TenantFileRules {
  return {
    tenantsDir: TENANTS_ROOT,
    certificatesDir: CERTIFICATES_DIR,
    teams: [...platform.teamNames()],
    kinds: TENANT_FILES.map(f => ({ ...f })),
  };
}
