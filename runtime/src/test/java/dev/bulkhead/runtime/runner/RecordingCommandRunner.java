package dev.bulkhead.runtime.runner;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A command runner that runs nothing: it records each command and answers with the next
 * queued result (exit 0 and no output once the queue is empty).
 */
class RecordingCommandRunner extends CommandRunner {

	final List<List<String>> commands = new ArrayList<>();

	private final Deque<Result> results = new ArrayDeque<>();

	RecordingCommandRunner answer(int exitCode, String stdout, String stderr) {
		this.results.addLast(new Result(exitCode, stdout, stderr));
		return this;
	}

	@Override
	public Result run(List<String> command) {
		this.commands.add(List.copyOf(command));
		Result next = this.results.pollFirst();
		return (next != null) ? next : new Result(0, "", "");
	}

}
