import { firefoxPath, geckoId } from './firefox';

/** Before any test: Firefox is there and the Firefox MV3 build too, or the run stops at once with what to do. */
export default function setup(): void {
  firefoxPath();
  geckoId();
}
