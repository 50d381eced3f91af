/**
 * Running containers: the runc and conmon clients and the log reader for conmon's CRI log
 * format.
 */
package dev.bulkhead.runtime.runner;
