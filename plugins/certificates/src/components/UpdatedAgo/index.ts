export { UpdatedAgo } from './UpdatedAgo';
export { formatAge } from './formatAge';
