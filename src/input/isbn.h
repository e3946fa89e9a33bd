/* isbn.h - reading an ISBN as the manuscript gives it.
 *
 * The <isbn> of a book's meta is an ISBN-13 (ISO 2108): 13 digits beginning
 * 978 or 979, grouped by hyphens or spaces as the agency printed it
 * ("978-956-0000-00-2"), the last a check digit (the digits weighted 1, 3,
 * 1, 3… must add up to a multiple of 10). The cover prints it as an EAN-13
 * barcode, so a wrong digit must be caught before a printer scans it. */
#ifndef FOLIO_ISBN_H
#define FOLIO_ISBN_H

#include <stddef.h>

/* Reads text into its 13 digits (digits[13] = 0) and returns 0; returns -1
 * with why the text is not a valid ISBN-13 in why (a sentence without the
 * place: "the check digit is 3; it should be 2"). */
int isbn_parse(const char *text, char digits[14], char *why, size_t cap);

/* The check digit ('0'..'9') of the first 12 digits of an ISBN-13. */
char isbn13_check_digit(const char *twelve);

#endif
