/**
 * The one long-lived object of the extension: which cluster is connected, its Controller, and the
 * events the views listen to. Views, commands and the status bar only ever talk to the Controller
 * through this, so every backend (simulator, agents, Slurm) looks the same to them.
 */
import * as vscode from 'vscode';
import type { Controller, ControllerChange } from '../controller/api';
import { choiceKey, choiceLabel, type ClusterChoice } from './clusters';

export interface Connection {
  readonly controller: Controller;
  readonly choice: ClusterChoice;
  readonly label: string;
}

export type ControllerFactory = (choice: ClusterChoice, token: vscode.CancellationToken) => Promise<Controller>;

export class Session implements vscode.Disposable {
  private current: Connection | undefined;
  private connecting: Promise<Connection> | undefined;
  private pendingWork: Promise<Connection | undefined> | undefined;
  private controllerListener: { dispose(): void } | undefined;
  private readonly connectionEmitter = new vscode.EventEmitter<Connection | undefined>();
  private readonly changeEmitter = new vscode.EventEmitter<ControllerChange>();
  /** Fires when a cluster is connected, switched or disconnected. */
  readonly onDidChangeConnection = this.connectionEmitter.event;
  /** Every change the Controller reports (jobs, nodes, log lines). */
  readonly onDidChange = this.changeEmitter.event;

  constructor(private readonly factory: ControllerFactory) {}

  get connection(): Connection | undefined {
    return this.current;
  }

  get controller(): Controller | undefined {
    return this.current?.controller;
  }

  /**
   * The connection being made, if one is (a cluster picked, an agent starting): a launch made
   * meanwhile goes to the cluster the user is switching to, not to the one about to be closed.
   */
  get pending(): Promise<Connection | undefined> | undefined {
    return this.pendingWork ?? this.connecting;
  }

  /** Marks longer work that ends in a connection (starting an agent, then connecting to it). */
  async whileConnecting<T>(work: Promise<T>): Promise<T> {
    const mine = work.then(() => this.current, () => undefined);
    this.pendingWork = mine;
    try {
      return await work;
    } finally {
      if (this.pendingWork === mine) this.pendingWork = undefined;
    }
  }

  /** Connects to `choice`, replacing the current connection, with progress and cancel. */
  async connect(choice: ClusterChoice): Promise<Connection> {
    if (this.current && choiceKey(this.current.choice) === choiceKey(choice)) return this.current;
    if (this.connecting) await this.connecting.catch(() => undefined);
    const label = choiceLabel(choice);
    this.connecting = Promise.resolve(vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `OpenClaw: connecting to ${label}`, cancellable: true },
      async (_progress, token) => {
        const controller = await this.factory(choice, token);
        if (token.isCancellationRequested) {
          await controller.dispose();
          throw new vscode.CancellationError();
        }
        await this.disconnect();
        const connection: Connection = { controller, choice, label };
        this.current = connection;
        this.controllerListener = controller.onChange((c) => this.changeEmitter.fire(c));
        void vscode.commands.executeCommand('setContext', 'openclaw.connected', true);
        void vscode.commands.executeCommand('setContext', 'openclaw.backend', controller.backendKind);
        this.connectionEmitter.fire(connection);
        return connection;
      },
    ));
    try {
      return await this.connecting;
    } finally {
      this.connecting = undefined;
    }
  }

  async disconnect(): Promise<void> {
    const old = this.current;
    if (!old) return;
    this.current = undefined;
    this.controllerListener?.dispose();
    this.controllerListener = undefined;
    void vscode.commands.executeCommand('setContext', 'openclaw.connected', false);
    this.connectionEmitter.fire(undefined);
    await old.controller.dispose();
  }

  dispose(): void {
    void this.disconnect();
    this.connectionEmitter.dispose();
    this.changeEmitter.dispose();
  }
}
