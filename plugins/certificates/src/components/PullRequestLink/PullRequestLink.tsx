import { Link } from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/core-plugin-api';
import { PullRequestRef } from '@internal/plugin-certificates-common';
import { ReactNode } from 'react';
import { inAppPath } from './inAppPath';

/**
 * A request's pull request. One of the local GitOps target is a page of this
 * app: an in-app link. Any other (GitHub) opens in a new window, as the
 * external link says to screen readers.
 */
export const PullRequestLink = (props: {
  pullRequest: Pick<PullRequestRef, 'url' | 'number'>;
  /** The link text; `#<number>` by default. */
  children?: ReactNode;
  /** Inside running text: underlined, so it is told apart without colour (WCAG 1.4.1). */
  inText?: boolean;
}) => {
  const config = useApi(configApiRef);
  const { url, number } = props.pullRequest;
  const path = inAppPath(url, config.getOptionalString('app.baseUrl'));
  return (
    <Link
      to={path ?? url}
      data-testid="pull-request-link"
      underline={props.inText ? 'always' : 'hover'}
    >
      {props.children ?? `#${number}`}
    </Link>
  );
};
