// Every terminal reporter, registered by name: adding one is a file beside this one and a line here.
import { addReporter } from '../reporter.ts';
import { progressReporter } from './progress.ts';
import { tapReporter } from './tap.ts';

addReporter('progress', progressReporter);
addReporter('tap', tapReporter);
