import { Content, Header, Page } from '@backstage/core-components';
import { useParams } from 'react-router-dom';

/**
 * Placeholder so the route compiles on this branch: the face-links work
 * provides the real page (the local pull request's files and merge).
 */
export const LocalPullRequestPage = () => {
  const { number } = useParams();
  return (
    <Page themeId="tool">
      <Header title={`Pull request #${number}`} />
      <Content />
    </Page>
  );
};
