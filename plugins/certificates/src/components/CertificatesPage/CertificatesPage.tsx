import { Content, Header, Page, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { Grid } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { certificatesApiRef } from '../../api';
import { RequestForm } from '../RequestForm';
import { RequestList } from '../RequestList';

/** `/certificates`: request a certificate and follow your requests. */
export const CertificatesPage = () => {
  const api = useApi(certificatesApiRef);
  const requests = useAsyncRetry(async () => {
    const [options, items] = await Promise.all([api.getOptions(), api.listRequests()]);
    return { options, items };
  }, [api]);

  return (
    <Page themeId="tool">
      <Header title="TLS certificates" subtitle="Request a certificate; it arrives as one pull request on the GitOps repository" />
      <Content>
        <Grid container spacing={3}>
          <Grid item xs={12}>
            <RequestForm onCreated={requests.retry} />
          </Grid>
          <Grid item xs={12}>
            {requests.loading && !requests.value && <Progress />}
            {requests.error && <Alert severity="error">{requests.error.message}</Alert>}
            {requests.value && (
              <RequestList
                requests={requests.value.items}
                canMerge={requests.value.options.gitopsTarget === 'local'}
                onMerge={id => api.mergeRequest(id).then(requests.retry, requests.retry)}
              />
            )}
          </Grid>
        </Grid>
      </Content>
    </Page>
  );
};
