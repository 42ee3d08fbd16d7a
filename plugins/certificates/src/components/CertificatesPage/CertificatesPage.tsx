import {
  Content,
  ContentHeader,
  Header,
  Link,
  LinkButton,
  Page,
  Progress,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { Grid } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import { Route, Routes, useLocation, useSearchParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { certificatesApiRef } from '../../api';
import { BulkRequestPage } from '../BulkRequestPage';
import { LocalPullRequestPage } from '../LocalPullRequestPage';
import { RequestForm } from '../RequestForm';
import { PlatformPanel } from '../PlatformPanel';
import { RequestList } from '../RequestList';
import { RequestStatus } from './RequestStatus';

/**
 * `/certificates`: request a certificate and follow your requests;
 * `/certificates/new`: the form alone; `?request=<id>`: that request's status.
 */
export const CertificatesPage = () => {
  const api = useApi(certificatesApiRef);
  const location = useLocation();
  const [searchParams] = useSearchParams();
  const requestId = searchParams.get('request') ?? undefined;
  const path = location.pathname.replace(/\/+$/, '');
  const isNew = path.endsWith('/new');
  const isBulk = path.endsWith('/bulk');
  const base = path.replace(/\/(new|bulk)$/, '');
  const [refreshKey, setRefreshKey] = useState(0);
  const requests = useAsyncRetry(async () => {
    if (isNew || isBulk) return undefined;
    const [options, items] = await Promise.all([
      api.getOptions(),
      api.listRequests(),
    ]);
    return { options, items };
  }, [api, isNew, isBulk]);
  const refresh = () => {
    setRefreshKey(k => k + 1);
    requests.retry();
  };

  if (path.includes('/pull-requests/'))
    return (
      <Routes>
        <Route
          path="pull-requests/:number"
          element={<LocalPullRequestPage />}
        />
      </Routes>
    );
  if (isBulk) return <BulkRequestPage base={base} />;

  if (isNew) {
    return (
      <Page themeId="tool">
        <Header
          title="Request a TLS certificate"
          subtitle="It arrives as one pull request on the GitOps repository"
        >
          <Link to={base || '/'}>All requests</Link>
        </Header>
        <Content>
          <RequestForm
            statusLink={id => `${base}?request=${encodeURIComponent(id)}`}
          />
        </Content>
      </Page>
    );
  }

  return (
    <Page themeId="tool">
      <Header
        title="TLS certificates"
        subtitle="Request a certificate; it arrives as one pull request on the GitOps repository"
      />
      <Content>
        <ContentHeader title="">
          <LinkButton to={`${base}/bulk`} variant="outlined" color="primary">
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
              statusLink={id => `${base}?request=${encodeURIComponent(id)}`}
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
              />
            )}
          </Grid>
        </Grid>
      </Content>
    </Page>
  );
};
