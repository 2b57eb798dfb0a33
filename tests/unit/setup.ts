import 'fake-indexeddb/auto';
import english from '../../public/_locales/en/messages.json';
import { useCatalog } from '../../lib/i18n';

// Outside a browser, the interface's texts come from the English locale file, as a browser would read it; a missing
// key or a wrong number of substitutions fails the test that shows it.
useCatalog(english, { strict: true });
