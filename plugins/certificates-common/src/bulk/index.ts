export * from './types';
export * from './bulkCsv';
