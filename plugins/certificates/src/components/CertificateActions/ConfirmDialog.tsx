import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
} from '@material-ui/core';
import { ReactNode } from 'react';
import { useDangerStyles } from './dangerStyles';

/** Asks before an action, naming what it acts on and what will happen. */
export const ConfirmDialog = (props: {
  open: boolean;
  /** Names the action and its object, e.g. "Decommission shop.example.com?". */
  title: string;
  /** What will happen, in the user's words. */
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) => {
  const danger = useDangerStyles();
  return (
    <Dialog
      open={props.open}
      onClose={props.onClose}
      aria-labelledby="confirm-dialog-title"
      aria-describedby="confirm-dialog-description"
    >
      <DialogTitle id="confirm-dialog-title">{props.title}</DialogTitle>
      <DialogContent>
        <DialogContentText id="confirm-dialog-description" component="div">
          {props.children}
        </DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Keep it</Button>
        <Button
          onClick={() => {
            props.onClose();
            props.onConfirm();
          }}
          color="primary"
          className={props.danger ? danger.contained : undefined}
          variant="contained"
        >
          {props.confirmLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
