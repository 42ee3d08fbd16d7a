export type { IssuanceBudgetService, NewCertificate } from './types';
export {
  createIssuanceBudgetService,
  KnexIssuanceBudget,
} from './createIssuanceBudgetService';
export { registeredDomainOf } from './registeredDomain';
