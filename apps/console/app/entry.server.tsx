export { default, handleError } from '@cardshop/ui/entry-server';
