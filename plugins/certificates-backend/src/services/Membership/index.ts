export type { MembershipService } from './createMembershipService';
export { createMembershipService } from './createMembershipService';
