/**
 * What the runtime did, as a stream of events modelled on Docker's: containers created,
 * started, dead (with exit code and OOM evidence), restarted by policy, health changes;
 * images, networks and volumes made and removed. The
 * {@link dev.bulkhead.runtime.events.EventJournal} keeps them in a bounded JSON-lines
 * file under the data root and lets readers follow new ones.
 */
package dev.bulkhead.runtime.events;
