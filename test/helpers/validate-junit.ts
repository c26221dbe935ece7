// Validates JUnit XML against the Jenkins junit-10.xsd kept in test/fixtures.
import { readFileSync } from 'node:fs';
import { XmlDocument, XsdValidator } from 'libxml2-wasm';

const xsd = readFileSync(new URL('../fixtures/junit-10.xsd', import.meta.url), 'utf8');

/** Null when valid, else libxml2's message. */
export const validateJunit = (xml: string): string | null => {
  const schemaDoc = XmlDocument.fromString(xsd);
  const validator = XsdValidator.fromDoc(schemaDoc);
  let doc: XmlDocument | null = null;
  try {
    doc = XmlDocument.fromString(xml);
    validator.validate(doc);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    doc?.dispose();
    validator.dispose();
    schemaDoc.dispose();
  }
};

/** The name of every <testcase>, in document order. */
export const testcaseNames = (xml: string): string[] => {
  const doc = XmlDocument.fromString(xml);
  try {
    return doc.find('//testcase').map((n) => n.get('@name')?.content ?? '');
  } finally {
    doc.dispose();
  }
};
