/**
 * Scaffolder actions that request TLS certificates and render their manifests.
 *
 * @packageDocumentation
 */
export { scaffolderModuleCertificates as default } from './module';
export { createRenderManifestsAction } from './actions/manifestsRender';
export { createRequestCertificateAction } from './actions/requestCreate';
