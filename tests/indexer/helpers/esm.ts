// The one loader of js-1sat-ord lives with the network code; tests use the same copy.
export { loadOneSatOrd } from '../../../network/ordinals/oneSatOrd'
