import {
  Content,
  ContentHeader,
  Header,
  LinkButton,
  Page,
  Progress,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { Grid } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { certificatesApiRef } from '../../api';
import { bulkRequestRouteRef } from '../../routes';
import { PlatformPanel } from '../PlatformPanel';
import { RequestForm } from '../RequestForm';
import { RequestList } from '../RequestList';
import { RequestStatus } from './RequestStatus';
import { useRequestLink } from './useRequestLink';

/** `/certificates`: request a certificate and follow your requests; `?request=<id>` shows one. */
export const RequestsOverview = () => {
  const api = useApi(certificatesApiRef);
  const [searchParams] = useSearchParams();
  const requestId = searchParams.get('request') ?? undefined;
  const bulkLink = useRouteRef(bulkRequestRouteRef)();
  const requestLink = useRequestLink();
  const [refreshKey, setRefreshKey] = useState(0);
  const requests = useAsyncRetry(async () => {
    const [options, items] = await Promise.all([
      api.getOptions(),
      api.listRequests(),
    ]);
    return { options, items };
  }, [api]);
  const refresh = () => {
    setRefreshKey(k => k + 1);
    requests.retry();
  };

  return (
    <Page themeId="tool">
      <Header
        title="TLS certificates"
        subtitle="Request a certificate; it arrives as one pull request on the GitOps repository"
      />
      <Content>
        <ContentHeader title="">
          <LinkButton to={bulkLink} variant="outlined" color="primary">
            Request many (CSV)
          </LinkButton>
        </ContentHeader>
        <Grid container spacing={3}>
          {requestId && (
            <Grid item xs={12}>
              <RequestStatus id={requestId} refreshKey={refreshKey} />
            </Grid>
          )}
          <Grid item xs={12}>
            <RequestForm
              onCreated={refresh}
              statusLink={requestLink}
              requests={requests.value?.items}
            />
          </Grid>
          <Grid item xs={12}>
            <PlatformPanel />
          </Grid>
          <Grid item xs={12}>
            {requests.loading && !requests.value && <Progress />}
            {requests.error && (
              <Alert severity="error">{requests.error.message}</Alert>
            )}
            {requests.value && (
              <RequestList
                requests={requests.value.items}
                canMerge={requests.value.options.gitopsTarget === 'local'}
                onMerge={id => api.mergeRequest(id).then(refresh, refresh)}
                highlightId={requestId}
                requestLink={requestLink}
              />
            )}
          </Grid>
        </Grid>
      </Content>
    </Page>
  );
};
