// npm run bench (see category-bench.ts). React chooses its production or development build from
// NODE_ENV when it is first imported, and the storefront imports it, so set it before anything
// is loaded: a benchmark of React's development build measures its warnings, not the storefront.
process.env.NODE_ENV = 'production';
await import('./category-bench.js');
