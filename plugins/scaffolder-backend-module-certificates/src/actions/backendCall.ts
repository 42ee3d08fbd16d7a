import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import {
  AuthenticationError,
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ResponseError,
} from '@backstage/errors';

/** What every action that calls the certificates backend is built with. */
export type CertificatesActionOptions = {
  auth: AuthService;
  discovery: DiscoveryService;
  config: RootConfigService;
};

/**
 * The error class the backend threw, rebuilt from the response status, so the
 * task fails as the API call would; the message (field path first) is kept as is.
 */
export function taskError(error: unknown): unknown {
  if (!(error instanceof ResponseError)) return error;
  const message = error.body?.error?.message ?? error.message;
  switch (error.response.status) {
    case 400:
    case 422:
      return new InputError(message);
    case 401:
      return new AuthenticationError(message);
    case 403:
      return new NotAllowedError(message);
    case 404:
      return new NotFoundError(message);
    case 409:
      return new ConflictError(message);
    default:
      error.message = message;
      return error;
  }
}

/**
 * Calls the certificates backend as the user who started the task, so the
 * backend applies that user's membership checks rather than the scaffolder's;
 * a refusal fails the task with the backend's error class and message.
 */
export async function callAsInitiator<T>(
  auth: AuthService,
  ctx: { getInitiatorCredentials(): Promise<BackstageCredentials> },
  call: (token: string) => Promise<T>,
): Promise<T> {
  const credentials = await ctx.getInitiatorCredentials();
  const { token } = await auth.getPluginRequestToken({
    onBehalfOf: credentials,
    targetPluginId: 'certificates',
  });
  return call(token).catch(error => {
    throw taskError(error);
  });
}

/**
 * A request the backend stored but could not publish (GitOps configuration
 * error) fails the task; the request keeps its page for the user to follow.
 */
export function assertPublished(
  kind: string,
  record: { id: string; state: string; error?: string | null },
): void {
  if (record.state === 'failed') {
    throw new Error(
      `${kind} request ${
        record.id
      } was stored but its pull request could not be opened: ${
        record.error ?? 'unknown error'
      }`,
    );
  }
}

/** app.baseUrl without trailing slashes, so the page links never hold `//`. */
export function appBaseUrlOf(config: RootConfigService): string {
  return (config.getOptionalString('app.baseUrl') ?? '').replace(/\/+$/, '');
}

/** Page of one request in Backstage. */
export function requestStatusUrl(appBaseUrl: string, requestId: string) {
  return `${appBaseUrl}/certificates?request=${encodeURIComponent(requestId)}`;
}
