// The Go layer: where a program using package net sees something other than the kernel layer.
import { defineExpectations } from '../../harness/case/define-expectations.ts';

export default defineExpectations({});
