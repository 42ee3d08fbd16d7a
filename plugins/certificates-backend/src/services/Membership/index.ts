export type { MembershipService } from './createMembershipService';
export {
  createMembershipService,
  teamGroupEntityRef,
} from './createMembershipService';
