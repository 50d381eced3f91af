/*
 * Tries to ptrace-attach to its own child (same user, so only a capability or seccomp
 * rule can stand in the way) and prints the outcome in one line. Built static by the
 * tests so it runs in an image with nothing else in it.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
	pid_t child = fork();
	if (child < 0) {
		printf("fork: %s\n", strerror(errno));
		return 2;
	}
	if (child == 0) {
		pause();
		return 0;
	}
	if (ptrace(PTRACE_ATTACH, child, 0, 0) == 0) {
		waitpid(child, NULL, 0);
		printf("ptrace attach: attached\n");
		ptrace(PTRACE_DETACH, child, 0, 0);
	} else {
		printf("ptrace attach: %s\n", strerror(errno));
	}
	fflush(stdout);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	return 0;
}
