import { Content, Header, Page } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { certificatesApiRef } from '../../api';
import { useSearchParams } from 'react-router-dom';
import { RequestForm } from '../RequestForm';
import { AllRequestsLink } from './AllRequestsLink';
import { useRequestLink } from './useRequestLink';

/** `/certificates/new`: the form alone; `?team=<name>` preselects that team. */
export const NewRequestPage = () => {
  const [searchParams] = useSearchParams();
  const requestLink = useRequestLink();
  const api = useApi(certificatesApiRef);
  // Only for the preview's note on what a request changes: a failure just leaves it out.
  const requests = useAsync(() => api.listRequests().catch(() => []), [api]);
  return (
    <Page themeId="tool">
      <Header
        title="Request a TLS certificate"
        subtitle="It arrives as one pull request on the GitOps repository"
      />
      <Content>
        <AllRequestsLink />
        <RequestForm
          team={searchParams.get('team') ?? undefined}
          statusLink={requestLink}
          requests={requests.value}
        />
      </Content>
    </Page>
  );
};
