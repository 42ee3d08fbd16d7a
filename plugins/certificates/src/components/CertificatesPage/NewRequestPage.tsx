import { Content, Header, Page } from '@backstage/core-components';
import { useSearchParams } from 'react-router-dom';
import { RequestForm } from '../RequestForm';
import { AllRequestsLink } from './AllRequestsLink';
import { useRequestLink } from './useRequestLink';

/** `/certificates/new`: the form alone; `?team=<name>` preselects that team. */
export const NewRequestPage = () => {
  const [searchParams] = useSearchParams();
  const requestLink = useRequestLink();
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
        />
      </Content>
    </Page>
  );
};
