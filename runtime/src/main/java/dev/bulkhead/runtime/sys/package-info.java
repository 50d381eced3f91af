/**
 * Native calls to libc through jnr-ffi, behind the
 * {@link dev.bulkhead.runtime.sys.Syscalls} interface. The only package that touches
 * jnr-ffi.
 */
package dev.bulkhead.runtime.sys;
