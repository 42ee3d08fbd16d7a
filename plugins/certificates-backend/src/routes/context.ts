import {
  AuditorService,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { PlatformModel } from '@internal/plugin-certificates-common';
import express, { Request } from 'express';
import { RequestAccess, WriteCheck } from '../permissions';
import { BulkPublisher, BulkStore } from '../services/Bulk';
import { GitopsTarget } from '../services/Gitops';
import { IssuanceBudgetService } from '../services/IssuanceBudget';
import { PlatformApiCheck } from '../services/PlatformApis';
import { LifecycleService, RenewalService } from '../services/Lifecycle';
import { MembershipService } from '../services/Membership';
import { PublishService } from '../services/PublishService';
import { RequestStore } from '../services/RequestStore';
import { StatusService } from '../services/Status';

/** Everything the API's routes use: the services `init` built, once. */
export type RouteContext = {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  /** Decisions of the permission policy, per request and team. */
  access: RequestAccess;
  /** The one write check: the policy, then catalog membership. */
  assertMayWrite: WriteCheck;
  platform: PlatformModel;
  membership: MembershipService;
  store: RequestStore;
  publisher: PublishService;
  bulk: BulkStore;
  bulkPublisher: BulkPublisher;
  lifecycle: LifecycleService;
  renewal: RenewalService;
  status: StatusService;
  /** The GitOps repository (local pull requests are read from it). */
  gitops: GitopsTarget;
  /** The issuance budgets new certificates and renew-now must fit in (certificates.issuance). */
  issuance: IssuanceBudgetService;
  /** The clusters' API discovery against the API versions the platform needs. */
  platformApis: PlatformApiCheck;
};

/** Adds one resource's routes to the API router. */
export type RouteModule = (router: express.Router) => void;

/** The signed-in user of a request (a 401 for anyone else). */
export const userOf = (httpAuth: HttpAuthService, req: Request) =>
  httpAuth.credentials(req, { allow: ['user'] });
